// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Text.Json;

namespace DataGuard.AspNetCore.Tests.Masking;

internal static class Json
{
    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static string? Str(this JsonElement element, string name) => element.GetProperty(name).GetString();
}
