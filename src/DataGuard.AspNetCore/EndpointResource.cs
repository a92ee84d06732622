// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DataGuard.AspNetCore;

/// <summary>How audit records name an endpoint: method and route pattern, never the path or query (either may hold a phone number).</summary>
internal static class EndpointResource
{
    private static readonly string[] KnownMethods =
    [
        HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete,
        HttpMethods.Options, HttpMethods.Trace, HttpMethods.Connect,
    ];

    /// <summary>
    /// <c>GET /tenants/{tenant}/calls/{id}</c> for a route endpoint (a leading <c>/</c> added to controller patterns), the display name
    /// otherwise. Endpoints mapped for any method accept arbitrary method tokens; only the standard ones are recorded (others as OTHER).
    /// </summary>
    public static string? Of(string method, Endpoint? endpoint)
    {
        if (endpoint is RouteEndpoint { RoutePattern.RawText: { } pattern })
        {
            return MethodOf(method) + " " + (pattern.StartsWith('/') ? pattern : "/" + pattern);
        }

        return endpoint?.DisplayName;
    }

    private static string MethodOf(string method)
    {
        foreach (var known in KnownMethods)
        {
            if (string.Equals(method, known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return "OTHER";
    }
}
