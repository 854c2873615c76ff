"""Asserts on the template a Python app synthesizes with the packaged library."""
import json
import os
import pathlib
import re
import subprocess
import sys

import pytest
from aws_cdk.assertions import Template

from app import FLOW_ID, INSTANCE_ARN, TEMPLATE_ID, synth


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory):
    stack, assembly = synth(str(tmp_path_factory.mktemp("cdk.out")))
    return Template.from_stack(stack), assembly


def test_post_tasks_requires_iam_auth(synthesized):
    template, _ = synthesized
    template.has_resource_properties(
        "AWS::ApiGateway::Method", {"HttpMethod": "POST", "AuthorizationType": "AWS_IAM"}
    )


def test_handler_ships_in_the_package(synthesized):
    template, assembly = synthesized
    functions = template.find_resources("AWS::Lambda::Function", {"Properties": {"Handler": "index.handler"}})
    # The handlers of POST /tasks, GET and DELETE /tasks/{contactId}, and the scheduled-task
    # handler; the provider framework's own function has another handler name.
    assert len(functions) == 4
    for function in functions.values():
        # The asset is a bundled handler carried inside the wheel; no bundler ran on this machine.
        asset_hash = function["Properties"]["Code"]["S3Key"].removesuffix(".zip")
        assert os.path.isfile(os.path.join(assembly.directory, f"asset.{asset_hash}", "index.js"))


def test_start_task_contact_is_scoped_to_the_allowed_targets(synthesized):
    template, _ = synthesized
    statements = [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if statement["Action"] == "connect:StartTaskContact"
        and any(role["Ref"].startswith("Tasks") for role in policy["Properties"]["Roles"])
    ]
    assert len(statements) == 1
    (callback_id,) = template.find_resources("AWS::Connect::TaskTemplate").keys()
    resources = statements[0]["Resource"]
    # The declared template by its exact ARN, a CloudFormation attribute.
    assert {"Fn::GetAtt": [callback_id, "Arn"]} in resources
    assert sorted(r for r in resources if isinstance(r, str)) == sorted([
        f"{INSTANCE_ARN}/contact/*",
        f"{INSTANCE_ARN}/contact-flow/{FLOW_ID}",
        f"{INSTANCE_ARN}/task-template/{TEMPLATE_ID}",
    ])


def test_a_task_template_declared_in_python_is_targeted_and_its_fields_reach_the_function(synthesized):
    template, _ = synthesized
    template.has_resource_properties(
        "AWS::Connect::TaskTemplate",
        {
            "Name": "Customer callback",
            "ContactFlowArn": f"{INSTANCE_ARN}/contact-flow/{FLOW_ID}",
            "Fields": [
                {"Id": {"Name": "Name"}, "Type": "NAME"},
                {"Id": {"Name": "Account"}, "Type": "TEXT"},
                {"Id": {"Name": "Priority"}, "Type": "SINGLE_SELECT", "SingleSelectOptions": ["low", "high"]},
            ],
            "Constraints": {"RequiredFields": [{"Id": {"Name": "Name"}}, {"Id": {"Name": "Account"}}]},
            "Defaults": [{"Id": {"Name": "Priority"}, "DefaultValue": "low"}],
        },
    )
    # POST /tasks's function checks requests against the template's fields: they travel in its environment.
    (handler,) = [
        fn
        for logical_id, fn in template.find_resources("AWS::Lambda::Function").items()
        if logical_id.startswith("TasksHandler")
    ]
    described = json.dumps(handler["Properties"]["Environment"]["Variables"]["TASK_TEMPLATES"])
    assert '\\"name\\":\\"Account\\",\\"type\\":\\"TEXT\\",\\"required\\":true' in described


def test_a_task_template_that_breaks_connect_rules_fails_at_synth_with_the_fix(tmp_path):
    import aws_cdk as cdk
    from cdk_connect_tasks import TaskTemplate, TaskTemplateField

    stack = cdk.Stack(cdk.App(outdir=str(tmp_path)), "Bad")
    with pytest.raises(Exception, match=r"the NAME field must be required; pass \{ required: true \}"):
        TaskTemplate(
            stack,
            "Callback",
            instance_arn=INSTANCE_ARN,
            name="Customer callback",
            contact_flow=FLOW_ID,
            fields=[TaskTemplateField.name()],
        )


def test_grant_invoke_allows_post_tasks_only(synthesized):
    template, _ = synthesized
    (caller_policy,) = [
        policy
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if any(role["Ref"].startswith("Caller") for role in policy["Properties"]["Roles"])
    ]
    (statement,) = caller_policy["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Action"] == "execute-api:Invoke"
    assert json.dumps(statement["Resource"]).endswith('/POST/tasks"]]}')


def test_grant_read_and_grant_cancel_allow_their_method_and_path_only(synthesized):
    template, _ = synthesized
    (support_policy,) = [
        policy
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if any(role["Ref"].startswith("Support") for role in policy["Properties"]["Roles"])
    ]
    statements = support_policy["Properties"]["PolicyDocument"]["Statement"]
    assert [statement["Action"] for statement in statements] == ["execute-api:Invoke"] * 2
    # Each ARN ends in the stage's method and path: .../<stage>/GET/tasks/*
    paths = sorted(statement["Resource"]["Fn::Join"][1][-1] for statement in statements)
    assert paths == ["/DELETE/tasks/*", "/GET/tasks/*"]


def test_lifecycle_operations_leave_out_the_routes_not_listed(synthesized):
    template, _ = synthesized
    methods = template.find_resources("AWS::ApiGateway::Method")
    assert sorted(method["Properties"]["HttpMethod"] for method in methods.values()) == ["DELETE", "GET", "POST"]
    read_roles = [
        policy
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if any(role["Ref"].startswith("TasksReadHandlerRole") for role in policy["Properties"]["Roles"])
    ]
    actions = sorted(
        action
        for policy in read_roles
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        for action in ([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])
        if action.startswith("connect:")
    )
    assert actions == ["connect:DescribeContact", "connect:GetContactAttributes", "connect:ListContactReferences"]


def test_scheduled_tasks_share_one_custom_resource_provider(synthesized):
    template, _ = synthesized
    tasks = template.find_resources("Custom::ConnectScheduledTask")
    assert len(tasks) == 2
    service_tokens = {json.dumps(task["Properties"]["ServiceToken"]) for task in tasks.values()}
    assert len(service_tokens) == 1
    review = next(task for logical_id, task in tasks.items() if logical_id.startswith("QuarterlyReview"))
    request = json.loads(review["Properties"]["TaskRequest"])
    assert request == {
        "Name": "Quarterly account review",
        "ContactFlowId": FLOW_ID,
        "Attributes": {"accountId": "42"},
        "References": {"runbook": {"Type": "URL", "Value": "https://wiki.example.com/runbook"}},
    }
    assert json.loads(review["Properties"]["Schedule"]) == {"AfterSeconds": 7200}


def test_a_bad_scheduled_task_fails_at_synth_with_the_fix(tmp_path):
    import aws_cdk as cdk
    from cdk_connect_tasks import ScheduledTask, TaskSchedule, TaskTarget

    stack = cdk.Stack(cdk.App(outdir=str(tmp_path)), "Bad")
    with pytest.raises(Exception, match="name: must NOT have fewer than 1 characters"):
        ScheduledTask(
            stack,
            "Empty",
            instance_arn=INSTANCE_ARN,
            target=TaskTarget.contact_flow(FLOW_ID),
            name="",
            schedule=TaskSchedule.after(cdk.Duration.hours(1)),
        )


ROOT = pathlib.Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
CDK_CLI = ROOT / "node_modules" / ".bin" / "cdk"


def readme_block(name):
    """The README's code block named on the line before it: <!-- example: name -->."""
    match = re.search(rf"<!-- example: {name} -->\n```\w*\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert match, f"README.md has no code block named <!-- example: {name} -->"
    return match.group(1)


def test_the_readme_python_app_synthesizes_with_cdk_synth(tmp_path):
    # GIVEN the README's app.py and cdk.json in a new folder, with this virtualenv's python3 first on PATH
    (tmp_path / "app.py").write_text(readme_block("python-app"), encoding="utf-8")
    (tmp_path / "cdk.json").write_text(readme_block("python-cdk-json"), encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "CDK_DISABLE_CLI_TELEMETRY": "true",
    }
    # WHEN the CDK CLI synthesizes it, as the README says
    result = subprocess.run([str(CDK_CLI), "synth", "--quiet", "--no-notices"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # THEN its stack has POST /tasks behind IAM authorization, and the endpoint's URL as an output
    template = Template.from_json(json.loads((tmp_path / "cdk.out" / "ConnectTasks.template.json").read_text(encoding="utf-8")))
    template.has_resource_properties("AWS::ApiGateway::Method", {"HttpMethod": "POST", "AuthorizationType": "AWS_IAM"})
    assert "TasksUrl" in template.find_outputs("*")


def test_recurring_task_calls_start_task_contact_from_its_own_role(synthesized):
    template, _ = synthesized
    (schedule,) = template.find_resources("AWS::Scheduler::Schedule").values()
    properties = schedule["Properties"]
    assert properties["ScheduleExpression"] == "cron(0 9 ? * MON-FRI *)"
    assert properties["ScheduleExpressionTimezone"] == "Europe/London"
    assert properties["FlexibleTimeWindow"] == {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 5}
    assert properties["Target"]["RetryPolicy"] == {"MaximumRetryAttempts": 185, "MaximumEventAgeInSeconds": 3600}
    assert json.loads(properties["Target"]["Input"]) == {
        "InstanceId": INSTANCE_ARN.split("/")[1],
        "Name": "Check the overnight queue",
        "ContactFlowId": FLOW_ID,
        "Attributes": {"team": "ops", "scheduledTime": "<aws.scheduler.scheduled-time>"},
        "ClientToken": "<aws.scheduler.schedule-arn>|<aws.scheduler.scheduled-time>",
    }
    role_id = properties["Target"]["RoleArn"]["Fn::GetAtt"][0]
    (policy,) = [
        policy
        for policy in template.find_resources("AWS::IAM::Policy").values()
        if policy["Properties"]["Roles"] == [{"Ref": role_id}]
    ]
    actions = [statement["Action"] for statement in policy["Properties"]["PolicyDocument"]["Statement"]]
    assert actions == ["connect:StartTaskContact", "sqs:SendMessage"]


def test_a_recurring_task_with_a_bad_cron_fails_at_synth(tmp_path):
    import aws_cdk as cdk
    from aws_cdk import aws_scheduler as scheduler
    from cdk_connect_tasks import RecurringTask, TaskTarget

    stack = cdk.Stack(cdk.App(outdir=str(tmp_path)), "BadCron")
    with pytest.raises(Exception, match="minutes value 99 is outside 0-59"):
        RecurringTask(
            stack,
            "Typo",
            instance_arn=INSTANCE_ARN,
            target=TaskTarget.contact_flow(FLOW_ID),
            name="Check the overnight queue",
            schedule=scheduler.ScheduleExpression.cron(minute="99", hour="9"),
        )


def test_task_events_webhook_posts_completed_tasks_through_an_api_destination(synthesized):
    template, _ = synthesized
    template.has_resource_properties(
        "AWS::Events::ApiDestination",
        {"InvocationEndpoint": "https://crm.example.com/hooks/tasks", "HttpMethod": "POST"},
    )
    (rule,) = template.find_resources("AWS::Events::Rule").values()
    assert rule["Properties"]["EventPattern"] == {
        "source": ["aws.connect"],
        "detail-type": ["Amazon Connect Contact Event"],
        "detail": {
            "instanceArn": [INSTANCE_ARN],
            "channel": [{"equals-ignore-case": "TASK"}],
            "eventType": ["CONNECTED_TO_AGENT", "COMPLETED"],
        },
    }
    (target,) = rule["Properties"]["Targets"]
    assert target["InputTransformer"]["InputPathsMap"]["contactId"] == "$.detail.contactId"
    assert "DeadLetterConfig" in target and target["RetryPolicy"]["MaximumRetryAttempts"] == 185
