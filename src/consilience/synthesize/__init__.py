"""Per-question synthesis over analysed papers: the consensus meter, grading, pooling."""
