"""Who is calling, what they may do, and how much they may ask for.

    tokens       the access-token format: generated, parsed and hashed without the database
    permissions  permission names (current and pre-3.7), and the grants of one token
    services     create / update / revoke / list tokens, and authenticate a request
    rate_limits  the six shared token buckets per access token

Only ``services`` and ``rate_limits`` touch the database; ``tokens`` and ``permissions`` are
pure, so the HTTP edge can reject a malformed token or an unknown permission name before it
spends a query.
"""
