// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace DataGuard.EFCore.Auditing;

/// <summary>Lists of strings stored as JSON array text (unambiguous for any content: commas, quotes, empty strings).</summary>
internal static class AuditJson
{
    public static string Write(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return "[]";
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public static string[] Read(string? json)
    {
        if (string.IsNullOrEmpty(json) || json == "[]")
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("An audit record's list column does not hold a JSON array.");
        }

        var result = new string[document.RootElement.GetArrayLength()];
        var i = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            result[i++] = element.GetString() ?? throw new FormatException("An audit record's list column holds a non-string item.");
        }

        return result;
    }
}
