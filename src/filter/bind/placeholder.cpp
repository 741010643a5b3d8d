// Placeholder so the stage builds while it is written; delete when real sources land.
