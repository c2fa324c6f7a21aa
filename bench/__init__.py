"""`make bench`: figures measured side by side in one run, with ratios against same-run
baselines."""
