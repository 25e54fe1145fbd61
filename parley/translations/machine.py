# Machine translation (settings -> backend, and the statement_submitted receiver) is filled in by t2's branch.
