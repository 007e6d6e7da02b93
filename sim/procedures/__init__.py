"""Composable procedure steps and the procedures built from them."""
