"""The supplier side: suppliers, purchase orders and their deliveries, which make incoming,
on-delivery, linked and unlinked stock real."""
