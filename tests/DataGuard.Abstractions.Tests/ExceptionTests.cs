// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Xunit;

namespace DataGuard.Abstractions.Tests;

public sealed class ExceptionTests
{
    [Fact]
    public void CryptographicException_CarriesReasonColumnAndKey()
    {
        var key = KeyId.New();
        var inner = new InvalidOperationException("inner");

        var ex = new DataGuardCryptographicException("message", CryptographicFailureReason.AuthenticationFailed, "CallLogs.CallerNumber", key, inner);

        Assert.Equal("message", ex.Message);
        Assert.Equal(CryptographicFailureReason.AuthenticationFailed, ex.Reason);
        Assert.Equal("CallLogs.CallerNumber", ex.Column);
        Assert.Equal(key, ex.KeyId);
        Assert.Same(inner, ex.InnerException);
        Assert.IsAssignableFrom<DataGuardException>(ex);
    }

    [Fact]
    public void KeyDestroyedException_IsACryptographicExceptionWithReasonKeyDestroyed()
    {
        var key = KeyId.New();

        var ex = new DataGuardKeyDestroyedException("gone", "Contacts.Phone", key);

        Assert.IsAssignableFrom<DataGuardCryptographicException>(ex);
        Assert.Equal(CryptographicFailureReason.KeyDestroyed, ex.Reason);
        Assert.Equal(key, ex.KeyId);
        Assert.Equal("Contacts.Phone", ex.Column);
    }

    [Fact]
    public void StandardConstructors_KeepMessageAndInnerException()
    {
        var inner = new InvalidOperationException("inner");
        Exception[] all =
        [
            new DataGuardException("m", inner),
            new DataGuardCryptographicException("m", inner),
            new DataGuardKeyDestroyedException("m", inner),
            new DataGuardQueryException("m", inner),
        ];

        Assert.All(all, e => Assert.Equal("m", e.Message));
        Assert.All(all, e => Assert.Same(inner, e.InnerException));
        Assert.All(
            [new DataGuardException(), new DataGuardCryptographicException(), new DataGuardKeyDestroyedException(), new DataGuardQueryException()],
            e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }
}
