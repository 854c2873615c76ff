"""A CDK app written the way a Python user of cdk-connect-tasks writes one.

Each construct of the library gets a method of ConsumerStack, so covering a new construct is a
method and one call in __init__.
"""
import aws_cdk as cdk
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import cx_api
from constructs import Construct

from cdk_connect_tasks import (
    RecurringTask,
    ReferenceType,
    ScheduledTask,
    TaskApi,
    TaskEvents,
    TaskEventType,
    TaskLifecycleOperation,
    TaskReference,
    TaskSchedule,
    TaskTarget,
    TaskTemplate,
    TaskTemplateField,
)

INSTANCE_ARN = (
    "arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555"
)
FLOW_ID = "aaaaaaaa-1111-2222-3333-444444444444"
TEMPLATE_ID = "bbbbbbbb-1111-2222-3333-444444444444"


class ConsumerStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.caller = iam.Role(self, "Caller", assumed_by=iam.AccountRootPrincipal())
        # A support desk that looks tasks up and cancels them, but creates and changes none.
        self.support = iam.Role(self, "Support", assumed_by=iam.AccountRootPrincipal())
        self.callback = self.add_task_template()
        self.task_api = self.add_task_api()
        self.reminder = self.add_scheduled_task()
        self.queue_check = self.add_recurring_task()
        self.task_events = self.add_task_events()

    def add_task_template(self) -> TaskTemplate:
        return TaskTemplate(
            self,
            "Callback",
            instance_arn=INSTANCE_ARN,
            name="Customer callback",
            contact_flow=FLOW_ID,
            fields=[
                TaskTemplateField.name(required=True),
                TaskTemplateField.text("Account", required=True),
                TaskTemplateField.single_select("Priority", ["low", "high"], default="low"),
            ],
        )

    def add_task_api(self) -> TaskApi:
        api = TaskApi(
            self,
            "Tasks",
            instance_arn=INSTANCE_ARN,
            default_target=TaskTarget.contact_flow(FLOW_ID),
            allowed_targets=[
                TaskTarget.contact_flow(FLOW_ID),
                TaskTarget.task_template(TEMPLATE_ID),
                # Requests naming this one are checked against its fields before Connect is called.
                TaskTarget.template(self.callback),
            ],
            lifecycle_operations=[TaskLifecycleOperation.READ, TaskLifecycleOperation.CANCEL],
        )
        api.grant_invoke(self.caller)
        api.grant_read(self.support)
        api.grant_cancel(self.support)
        return api

    def add_scheduled_task(self) -> ScheduledTask:
        reminder = ScheduledTask(
            self,
            "QuarterlyReview",
            instance_arn=INSTANCE_ARN,
            target=TaskTarget.contact_flow(FLOW_ID),
            name="Quarterly account review",
            attributes={"accountId": "42"},
            references={
                "runbook": TaskReference(type=ReferenceType.URL, value="https://wiki.example.com/runbook")
            },
            schedule=TaskSchedule.after(cdk.Duration.hours(2)),
        )
        # A follow-up chained to the first task's ContactId: a token resolved at deploy time.
        ScheduledTask(
            self,
            "FollowUp",
            instance_arn=INSTANCE_ARN,
            target=TaskTarget.contact_flow(FLOW_ID),
            name="Follow up on the review",
            previous_contact_id=reminder.contact_id,
            schedule=TaskSchedule.after(cdk.Duration.days(3)),
        )
        return reminder

    def add_recurring_task(self) -> RecurringTask:
        return RecurringTask(
            self,
            "WeekdayQueueCheck",
            instance_arn=INSTANCE_ARN,
            target=TaskTarget.contact_flow(FLOW_ID),
            name="Check the overnight queue",
            attributes={"team": "ops"},
            scheduled_time_attribute="scheduledTime",
            schedule=scheduler.ScheduleExpression.cron(
                minute="0", hour="9", week_day="MON-FRI", time_zone=cdk.TimeZone.EUROPE_LONDON
            ),
            time_window=cdk.Duration.minutes(5),
        )

    def add_task_events(self) -> TaskEvents:
        task_events = TaskEvents(self, "TaskEvents", instance_arn=INSTANCE_ARN)
        # The CRM learns when an agent picks a task up and when it is done, without polling.
        task_events.add_webhook(
            "Crm",
            endpoint="https://crm.example.com/hooks/tasks",
            authorization=events.Authorization.api_key(
                "x-api-key", cdk.SecretValue.secrets_manager("crm-webhook-key")
            ),
            event_types=[TaskEventType.CONNECTED_TO_AGENT, TaskEventType.COMPLETED],
        )
        return task_events


def synth(outdir: str) -> tuple[ConsumerStack, cx_api.CloudAssembly]:
    app = cdk.App(outdir=outdir)
    stack = ConsumerStack(app, "Consumer")
    return stack, app.synth()


if __name__ == "__main__":
    synth("cdk.out")
