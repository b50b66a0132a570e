"""Amazon VPC and EC2 in the emulated AWS side: VPCs, subnets, route tables, gateways, security
groups, network ACLs and VPC endpoints, their console pages, a client with built-in and boto3
backends, and the AWS-compatible EC2 API. The VPC console issue builds it."""
