"""Incidents: one event from many reports; clustering, history, registry and exports."""
