"""Mercato: a commerce back office whose main door is a GraphQL Integration API for ERP systems."""

__version__ = "0.1.0"
