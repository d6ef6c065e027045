"""Pure formatting for the web UI, one module per job; every string from the corpus is
HTML-escaped here. The tab modules only wire components to the assistant."""
