"""The GraphQL engine: documents are parsed and validated once, compiled into plans from a
declarative field map, and executed as one SQL statement per nesting level.

It knows nothing of Mercato's domains; ``mercato.api`` supplies the schema (SDL), the field
map and the mutation handlers.
"""
