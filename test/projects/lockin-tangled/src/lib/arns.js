function workflowArn() {
  return process.env.WORKFLOW_ARN || 'arn:aws:states:us-east-1:123456789012:stateMachine:fulfil';
}

module.exports = { workflowArn };
