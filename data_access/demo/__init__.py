"""The deterministic demo warehouse: a Helsinki-like organisation and feedback data calibrated to the seeds.

``build_demo(root, DemoConfig(seed, until, scale))`` writes every table through ``WarehouseWriter``;
the same configuration gives the same rows (only batch ids and audit times differ).
"""
