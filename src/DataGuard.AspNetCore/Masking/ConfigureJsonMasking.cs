// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using MvcJsonOptions = Microsoft.AspNetCore.Mvc.JsonOptions;

namespace DataGuard.AspNetCore.Masking;

/// <summary>
/// Adds the masking modifier to the serializer options of minimal APIs and of MVC. Runs as a post-configuration, after the
/// application's own <c>ConfigureHttpJsonOptions</c>/<c>AddJsonOptions</c>, so resolvers the application set (source-generated
/// contexts included) are wrapped too.
/// </summary>
internal sealed class ConfigureJsonMasking(PersonalDataJsonModifier modifier) : IPostConfigureOptions<HttpJsonOptions>, IPostConfigureOptions<MvcJsonOptions>
{
    public void PostConfigure(string? name, HttpJsonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AddModifier(options.SerializerOptions);
    }

    public void PostConfigure(string? name, MvcJsonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        AddModifier(options.JsonSerializerOptions);
    }

    private void AddModifier(JsonSerializerOptions options)
    {
        if (options.IsReadOnly)
        {
            throw new InvalidOperationException("DataGuard JSON masking cannot be added: the JsonSerializerOptions are already in use (read-only).");
        }

        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(modifier.Modify);
    }
}
