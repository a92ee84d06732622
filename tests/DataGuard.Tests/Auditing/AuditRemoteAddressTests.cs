// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Net;
using DataGuard.Auditing;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>How much of the caller's address audit records keep.</summary>
public sealed class AuditRemoteAddressTests
{
    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0")]
    [InlineData("10.1.2.3", "10.1.2.0")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0")]
    [InlineData("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::")]
    [InlineData("2001:db8::1", "2001:db8::")]
    [InlineData("::1", "::")]
    public void Truncated_KeepsTheNetworkPrefixOnly(string address, string expected)
        => Assert.Equal(expected, AuditRemoteAddress.Format(IPAddress.Parse(address), AuditRemoteAddressMode.Truncated));

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.77")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.77")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    public void Full_KeepsTheAddress(string address, string expected)
        => Assert.Equal(expected, AuditRemoteAddress.Format(IPAddress.Parse(address), AuditRemoteAddressMode.Full));

    [Theory]
    [InlineData(AuditRemoteAddressMode.Truncated)]
    [InlineData(AuditRemoteAddressMode.Full)]
    [InlineData(AuditRemoteAddressMode.None)]
    public void NullAddress_IsNull(AuditRemoteAddressMode mode)
        => Assert.Null(AuditRemoteAddress.Format(null, mode));

    [Fact]
    public void None_KeepsNothing()
        => Assert.Null(AuditRemoteAddress.Format(IPAddress.Parse("203.0.113.77"), AuditRemoteAddressMode.None));
}
