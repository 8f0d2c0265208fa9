"""The HTTP edge: the GraphQL endpoint, the explorer page and the health check."""
