"""Events to subscribers: publish after commit through broadcaster (memory:// or redis://)."""
