/** 改め文: see aratame/index.ts. */
export * from './aratame/index.js'
