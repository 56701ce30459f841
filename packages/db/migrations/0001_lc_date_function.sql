-- Custom SQL migration file, put your code below! ---- LeanCloud dates travel as {"__type":"Date","iso":"…"}. Conversation queries compare custom
-- attributes holding such objects by instant; these functions turn one into a timestamptz and
-- anything else (including a malformed iso string) into NULL, never an error.
CREATE FUNCTION parley_parse_timestamptz(value text) RETURNS timestamptz
  LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
BEGIN
  RETURN value::timestamptz;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION parley_lc_date(value jsonb) RETURNS timestamptz
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN jsonb_typeof(value) = 'object' AND value ->> '__type' = 'Date' AND jsonb_typeof(value -> 'iso') = 'string'
    THEN parley_parse_timestamptz(value ->> 'iso')
  END
$$;
