"""Writing the input format: YAML, the workbook (for convert and template), the JSON Schema."""
