"""Mercato's GraphQL API: the SDL (``schema/``), the field map that says how each type is
read from the database, the root fields, and the mutation handlers that turn GraphQL input
into service calls."""
