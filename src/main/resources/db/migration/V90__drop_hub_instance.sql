-- hub_instance was meant to list the hub instances started against this database, but nothing ever wrote to it: an
-- empty table that looks like a registry of replicas misleads whoever reads the schema. Runs unchanged on
-- PostgreSQL and on H2 in PostgreSQL mode.
DROP TABLE hub_instance;
