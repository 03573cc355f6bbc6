"""CRM Dojo: simulate customer relationship management (placeholder, filled below)."""
