"""ID conversion: each integration's own ids for Mercato objects, and references by id,
external id or code as every mutation input accepts them."""
