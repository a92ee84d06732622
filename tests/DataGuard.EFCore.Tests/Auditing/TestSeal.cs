// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataGuard.Auditing;

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>A stand-in for the chain in store tests: consecutive sequences, previous-hash links, microsecond timestamps, SHA-256 of a few fields.</summary>
internal static class TestSeal
{
    public static Func<AuditChainHead, IReadOnlyList<AuditRecord>> Of(string stream, params AuditEvent[] events)
        => head =>
        {
            var records = new List<AuditRecord>(events.Length);
            var previous = head.Hash;
            var sequence = head.Sequence;
            foreach (var e in events)
            {
                sequence++;
                var normalised = e with { Timestamp = new DateTimeOffset(e.Timestamp.UtcTicks - (e.Timestamp.UtcTicks % 10), TimeSpan.Zero) };
                var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
                    string.Create(CultureInfo.InvariantCulture, $"{stream}|{sequence}|{previous}|{normalised.Action}|{normalised.Timestamp.UtcTicks}"))));
                records.Add(new AuditRecord { Stream = stream, Sequence = sequence, PreviousHash = previous, Hash = hash, Event = normalised });
                previous = hash;
            }

            return records;
        };
}
