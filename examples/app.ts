import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConnectTasksStack, PLACEHOLDER_INSTANCE_ARN } from './connect-tasks-stack';

const app = new App();
new ConnectTasksStack(app, 'ConnectTasksExample', {
  instanceArn: (app.node.tryGetContext('instanceArn') as string | undefined) ?? PLACEHOLDER_INSTANCE_ARN,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
