"""Stores and their markets."""
