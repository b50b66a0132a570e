"""VPC connections, the default VPC connection and the EC2 inventory the VPC role reads.

No models yet: the VPC connections issue builds them. Account connections already offer the
selector it needs (``accounts.connections.selectors.connections_for_default_vpc``).
"""
