"""zjtx: the composition root (settings and the command-line interface)."""
