import { describe, expect, it } from 'vitest'
import { bestMatch, matchTemplate, parseTemplate, pathSegments } from '../../../src/aws/api-gateway/path-templates.js'

const pick = (templates: string[], path: string): string | undefined => bestMatch(templates, parseTemplate, pathSegments(path))?.candidate

describe('path templates', () => {
  it('matchTemplate - variables decode their segment; a greedy variable takes one or more segments', () => {
    expect(matchTemplate(parseTemplate('/items/{id}'), pathSegments('/items/a%2Fb'))?.parameters).toEqual({ id: 'a/b' })
    expect(matchTemplate(parseTemplate('/files/{path+}'), pathSegments('/files/x/y'))?.parameters).toEqual({ path: 'x/y' })
    expect(matchTemplate(parseTemplate('/files/{path+}'), pathSegments('/files'))).toBeUndefined()
    expect(matchTemplate(parseTemplate('/'), pathSegments('/'))?.parameters).toEqual({})
    expect(matchTemplate(parseTemplate('/items'), pathSegments('/items/'))).toBeDefined()
  })

  it('bestMatch - a literal beats a variable, which beats a greedy variable, from the left', () => {
    const templates = ['/{proxy+}', '/items/{id}', '/items/new', '/{kind}/new', '/items/{id}/{rest+}']
    expect(pick(templates, '/items/new')).toBe('/items/new')
    expect(pick(templates, '/items/7')).toBe('/items/{id}')
    expect(pick(templates, '/users/new')).toBe('/{kind}/new')
    expect(pick(templates, '/items/7/a/b')).toBe('/items/{id}/{rest+}')
    expect(pick(templates, '/other/x/y')).toBe('/{proxy+}')
    expect(pick(templates, '/')).toBeUndefined()
  })
})
