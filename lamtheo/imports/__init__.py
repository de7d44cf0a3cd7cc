"""One import wizard for every importer: upload → preview (every bad row, by row, column and field)
→ confirm → result. An app describes its import once (registry.Importer) and registers it in its
AppConfig.ready(); the pages, the staging of the parsed rows and the template download come from here."""
