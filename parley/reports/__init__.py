"""Published reports: an approved report frozen as a snapshot, its page in every language, publication at an
agreed time, and the Atom feeds of the record and of the reports."""
