// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace DataGuard.AspNetCore.Masking;

/// <summary>The minimal API filter added by <c>.MaskPersonalData()</c>: decides before the handler's result is written.</summary>
internal sealed class PersonalDataMaskingEndpointFilter(PersonalDataMaskingDecider decider) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        await decider.DecideAsync(context.HttpContext).ConfigureAwait(false);
        return await next(context).ConfigureAwait(false);
    }
}
