# The server image used by docker-compose.yml (ENGINE=zeebe, DATABASE_URL set).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build.mjs
ENV NODE_ENV=production
EXPOSE 3000
CMD ["node", "--enable-source-maps", "dist/apps/server/src/main.js"]
