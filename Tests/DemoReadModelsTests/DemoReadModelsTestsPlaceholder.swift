// Placeholder: the SQLite engineer's counters read model tests replace this file.
