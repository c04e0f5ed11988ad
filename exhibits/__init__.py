"""The views of the dashboard and the reports as plain objects: built from the metrics, shown anywhere."""
