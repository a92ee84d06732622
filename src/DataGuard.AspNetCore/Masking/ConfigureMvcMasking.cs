// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DataGuard.AspNetCore.Masking;

/// <summary>Adds <see cref="PersonalDataMaskingResultFilter"/> to every MVC action (it acts only on actions in scope).</summary>
internal sealed class ConfigureMvcMasking : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Filters.AddService<PersonalDataMaskingResultFilter>();
    }
}
