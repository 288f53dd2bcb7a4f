--liquibase formatted sql

--changeset routstr:026-time-ordered-ledger-ids splitStatements:false
-- The id of a ledger entry booked at a given time, in the layout of LedgerEntryIds (domain): RFC 9562 version 7, the
-- time's Unix milliseconds in the first 48 bits, the rest a version 4 id's random bits with its version raised to 7
-- (bits 52 and 53 set on top of 4's bit 54). The paid path's statements book their CHARGE and SHORTFALL entries with
-- it, so that the primary-key index takes them at its right edge rather than at random leaves, each of which costs a
-- full page image in the WAL after a checkpoint. Entries booked before keep their random ids.
CREATE FUNCTION ledger_entry_id(booked_at timestamptz) RETURNS uuid
    LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                          PLACING substring(int8send(floor(extract(epoch FROM booked_at) * 1000)::bigint)
                                                            FROM 3)
                                          FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;
--rollback DROP FUNCTION ledger_entry_id(timestamptz);
