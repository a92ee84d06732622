// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataGuard.Auditing;

/// <summary>
/// The canonical encoding of an audit record, the bytes its chain hash covers (format version 1).
/// </summary>
/// <remarks>
/// <para>
/// Compact UTF-8 JSON written by <see cref="Utf8JsonWriter"/>: one object whose fields always appear, in this order, with JSON
/// <c>null</c> for a missing value: <c>v</c> (format version, 1), <c>stream</c>, <c>seq</c>, <c>prev</c> (previous hash), <c>key</c>
/// (chain key id), <c>time</c> (see <see cref="AuditTime"/>), <c>action</c>, <c>outcome</c> (<c>success</c>, <c>denied</c>,
/// <c>failed</c>, or the number of an undefined value), <c>actor</c>, <c>roles</c>, <c>client</c>, <c>tenant</c>, <c>resource</c>,
/// <c>resourceId</c>, <c>subjects</c>, <c>purpose</c>, <c>reason</c>, <c>trace</c>, <c>remote</c>, <c>count</c>, <c>properties</c>.
/// </para>
/// <para>
/// The three lists (roles, subjects, properties) are sets: they are encoded sorted ordinally without duplicates, so that a store that
/// does not keep their order (a child table, a JSON column) still re-encodes the same bytes. Sealing stores them in that form too.
/// </para>
/// <para>
/// Strings are escaped by <see cref="JavaScriptEncoder.Default"/>, which leaves printable ASCII as it is and escapes everything else
/// (<c>\uXXXX</c>, and HTML-sensitive characters such as <c>&lt;</c>, <c>&amp;</c>, <c>'</c>, <c>+</c>): its output depends on no
/// Unicode table, so it does not change with the .NET version. A lone surrogate (invalid UTF-16) is written as <c>\uFFFD</c>, as
/// databases store it, so no string makes an event unsealable. The hash is computed over these exact bytes; the encoding must never
/// change for version 1 (a snapshot test holds it).
/// </para>
/// </remarks>
internal static class AuditCanonicalEncoding
{
    /// <summary>The format version written in the <c>v</c> field.</summary>
    public const int Version = 1;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.Default,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>The event as sealing stores it: timestamp normalised (UTC, whole microseconds), lists sorted ordinally without duplicates.</summary>
    public static AuditEvent Normalize(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return auditEvent with
        {
            Timestamp = AuditTime.Normalize(auditEvent.Timestamp),
            ActorRoles = CanonicalSet(auditEvent.ActorRoles),
            Subjects = CanonicalSet(auditEvent.Subjects),
            Properties = CanonicalSet(auditEvent.Properties),
        };
    }

    /// <summary>The canonical bytes of a stored record, encoded for <paramref name="stream"/> (a record moved to another stream no longer matches).</summary>
    public static byte[] Encode(string stream, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Encode(stream, record.Sequence, record.PreviousHash, record.KeyId, record.Event);
    }

    /// <summary>The canonical bytes of a record.</summary>
    public static byte[] Encode(string stream, long sequence, string? previousHash, string? keyId, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(auditEvent);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteString("stream", stream);
            writer.WriteNumber("seq", sequence);
            writer.WriteString("prev", previousHash);
            writer.WriteString("key", keyId);
            writer.WriteString("time", AuditTime.ToCanonicalString(auditEvent.Timestamp));
            writer.WriteString("action", auditEvent.Action);
            writer.WriteString("outcome", OutcomeName(auditEvent.Outcome));
            writer.WriteString("actor", auditEvent.ActorId);
            WriteSet(writer, "roles", auditEvent.ActorRoles);
            writer.WriteString("client", auditEvent.ClientId);
            writer.WriteString("tenant", auditEvent.TenantId);
            writer.WriteString("resource", auditEvent.Resource);
            writer.WriteString("resourceId", auditEvent.ResourceId);
            WriteSet(writer, "subjects", auditEvent.Subjects);
            writer.WriteString("purpose", auditEvent.Purpose);
            writer.WriteString("reason", auditEvent.Reason);
            writer.WriteString("trace", auditEvent.TraceId);
            writer.WriteString("remote", auditEvent.RemoteAddress);
            writer.WriteNumber("count", auditEvent.Count);
            WriteSet(writer, "properties", auditEvent.Properties);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The lower-case name of an outcome (the number of an undefined value).</summary>
    public static string OutcomeName(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Success => "success",
        AuditOutcome.Denied => "denied",
        AuditOutcome.Failed => "failed",
        _ => ((int)outcome).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A list sorted ordinally without duplicates (the same instance when it already is, or is empty).</summary>
    public static IReadOnlyList<string> CanonicalSet(IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return [];
        }

        var ordered = true;
        for (var i = 1; i < values.Count && ordered; i++)
        {
            ordered = string.CompareOrdinal(values[i - 1], values[i]) < 0;
        }

        if (ordered)
        {
            return values;
        }

        var set = new SortedSet<string>(values, StringComparer.Ordinal);
        var result = new string[set.Count];
        set.CopyTo(result);
        return result;
    }

    private static void WriteSet(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        writer.WriteStartArray(name);
        foreach (var value in CanonicalSet(values))
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
