// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace DataGuard.AspNetCore.Masking;

/// <summary>
/// Decides for every request in scope (after routing and authentication), so that minimal API endpoints without
/// <c>.MaskPersonalData()</c> can be unmasked under <see cref="MaskingScope.Global"/>.
/// </summary>
internal sealed class PersonalDataMaskingMiddleware(RequestDelegate next, PersonalDataMaskingDecider decider)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (decider.IsInScope(context))
        {
            await decider.DecideAsync(context).ConfigureAwait(false);
        }

        await next(context).ConfigureAwait(false);
    }
}
