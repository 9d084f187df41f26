"""Role-play calls: the scenario format (schema, graph), the pure engine, matching and import."""
