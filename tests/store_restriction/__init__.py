"""The store restriction proven for the whole schema: a world where store 2 owns an object of
every store-owned type, and matrices generated from the schema that try every mutation and
read every root field and payload with a token restricted to store 1."""
