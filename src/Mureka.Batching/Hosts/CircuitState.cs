namespace Mureka.Batching.Hosts;

public enum CircuitState
{
    /// <summary>Batches flow.</summary>
    Closed = 0,

    /// <summary>Too many consecutive failures: no batches until the cool-down ends.</summary>
    Open,

    /// <summary>Cool-down over: one probe batch decides between Closed and Open.</summary>
    HalfOpen,
}
