// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.EFCore.Retention;

/// <summary>Thrown inside a run when renewing its lease failed: another instance took it over; the run stops changing anything.</summary>
internal sealed class RetentionLeaseLostException : Exception
{
    public RetentionLeaseLostException()
        : base("The retention lease was taken over by another instance.")
    {
    }

    public RetentionLeaseLostException(string message)
        : base(message)
    {
    }

    public RetentionLeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
