// The cycle's stored events are the engine's, typed with the cycle's events.
global using StoredEvent = ItEval.Engine.StoredEvent<ItEval.Cycle.CycleEvent>;
