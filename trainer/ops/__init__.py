"""Running the trainer in production: health checks, request logs, backups, bench endpoints."""
