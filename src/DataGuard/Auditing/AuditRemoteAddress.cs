// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Net;
using System.Net.Sockets;

namespace DataGuard.Auditing;

/// <summary>Formats the caller's network address for an audit record according to <see cref="AuditOptions.RemoteAddress"/>.</summary>
internal static class AuditRemoteAddress
{
    /// <summary>
    /// Formats <paramref name="address"/>: <see cref="AuditRemoteAddressMode.Truncated"/> keeps the IPv4 /24 (<c>203.0.113.0</c>) or the
    /// IPv6 /48 (<c>2001:db8:1::</c>) network, treating IPv4-mapped IPv6 addresses as IPv4; <see cref="AuditRemoteAddressMode.Full"/>
    /// keeps the address (mapped addresses as IPv4); <see cref="AuditRemoteAddressMode.None"/> keeps nothing.
    /// </summary>
    /// <param name="address">The address, or <see langword="null"/> when unknown.</param>
    /// <param name="mode">How much to keep.</param>
    /// <returns>The formatted address, or <see langword="null"/>.</returns>
    public static string? Format(IPAddress? address, AuditRemoteAddressMode mode)
    {
        if (address is null || mode == AuditRemoteAddressMode.None)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (mode == AuditRemoteAddressMode.Full)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        var keep = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        for (var i = keep; i < bytes.Length; i++)
        {
            bytes[i] = 0;
        }

        return new IPAddress(bytes).ToString();
    }
}
