namespace Mureka.Gateway.Generations;

/// <summary>The request body exceeded <see cref="GatewayOptions.MaxRequestBodyBytes"/>; answered with 413.</summary>
public sealed class BodyTooLargeException : Exception
{
    public BodyTooLargeException()
    {
    }

    public BodyTooLargeException(string message)
        : base(message)
    {
    }

    public BodyTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
