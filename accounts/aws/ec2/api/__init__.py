"""The EC2-compatible query API at ``/aws-api/ec2/`` (for the AWS CLI and boto3): a thin
translation of EC2's wire format onto the inventory's services and selectors."""
